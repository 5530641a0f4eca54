import Foundation

/// arXiv's category taxonomy, for turning Dublin Core subjects ("Computer Science -
/// Machine Learning") back into category codes (`cs.LG`).
public enum ArxivSubjects {
    /// Whether `text` has the shape of a category code: `cs.CV`, `math.AG`, `hep-th`,
    /// `cond-mat.str-el` (an archive, optionally a subject class).
    public static func isCategoryCode(_ text: String) -> Bool {
        text.range(of: #"^[a-z-]{2,20}(\.[A-Za-z-]{2,20})?$"#, options: .regularExpression) != nil
    }

    /// `code|Group - Name` per line; groups without subdivisions have just a name.
    private static let table = """
    cs.AI|Computer Science - Artificial Intelligence
    cs.AR|Computer Science - Hardware Architecture
    cs.CC|Computer Science - Computational Complexity
    cs.CE|Computer Science - Computational Engineering, Finance, and Science
    cs.CG|Computer Science - Computational Geometry
    cs.CL|Computer Science - Computation and Language
    cs.CR|Computer Science - Cryptography and Security
    cs.CV|Computer Science - Computer Vision and Pattern Recognition
    cs.CY|Computer Science - Computers and Society
    cs.DB|Computer Science - Databases
    cs.DC|Computer Science - Distributed, Parallel, and Cluster Computing
    cs.DL|Computer Science - Digital Libraries
    cs.DM|Computer Science - Discrete Mathematics
    cs.DS|Computer Science - Data Structures and Algorithms
    cs.ET|Computer Science - Emerging Technologies
    cs.FL|Computer Science - Formal Languages and Automata Theory
    cs.GL|Computer Science - General Literature
    cs.GR|Computer Science - Graphics
    cs.GT|Computer Science - Computer Science and Game Theory
    cs.HC|Computer Science - Human-Computer Interaction
    cs.IR|Computer Science - Information Retrieval
    cs.IT|Computer Science - Information Theory
    cs.LG|Computer Science - Machine Learning
    cs.LO|Computer Science - Logic in Computer Science
    cs.MA|Computer Science - Multiagent Systems
    cs.MM|Computer Science - Multimedia
    cs.MS|Computer Science - Mathematical Software
    cs.NA|Computer Science - Numerical Analysis
    cs.NE|Computer Science - Neural and Evolutionary Computing
    cs.NI|Computer Science - Networking and Internet Architecture
    cs.OH|Computer Science - Other Computer Science
    cs.OS|Computer Science - Operating Systems
    cs.PF|Computer Science - Performance
    cs.PL|Computer Science - Programming Languages
    cs.RO|Computer Science - Robotics
    cs.SC|Computer Science - Symbolic Computation
    cs.SD|Computer Science - Sound
    cs.SE|Computer Science - Software Engineering
    cs.SI|Computer Science - Social and Information Networks
    cs.SY|Computer Science - Systems and Control
    math.AG|Mathematics - Algebraic Geometry
    math.AT|Mathematics - Algebraic Topology
    math.AP|Mathematics - Analysis of PDEs
    math.CT|Mathematics - Category Theory
    math.CA|Mathematics - Classical Analysis and ODEs
    math.CO|Mathematics - Combinatorics
    math.AC|Mathematics - Commutative Algebra
    math.CV|Mathematics - Complex Variables
    math.DG|Mathematics - Differential Geometry
    math.DS|Mathematics - Dynamical Systems
    math.FA|Mathematics - Functional Analysis
    math.GM|Mathematics - General Mathematics
    math.GN|Mathematics - General Topology
    math.GT|Mathematics - Geometric Topology
    math.GR|Mathematics - Group Theory
    math.HO|Mathematics - History and Overview
    math.IT|Mathematics - Information Theory
    math.KT|Mathematics - K-Theory and Homology
    math.LO|Mathematics - Logic
    math.MP|Mathematics - Mathematical Physics
    math.MG|Mathematics - Metric Geometry
    math.NT|Mathematics - Number Theory
    math.NA|Mathematics - Numerical Analysis
    math.OA|Mathematics - Operator Algebras
    math.OC|Mathematics - Optimization and Control
    math.PR|Mathematics - Probability
    math.QA|Mathematics - Quantum Algebra
    math.RT|Mathematics - Representation Theory
    math.RA|Mathematics - Rings and Algebras
    math.SP|Mathematics - Spectral Theory
    math.ST|Mathematics - Statistics Theory
    math.SG|Mathematics - Symplectic Geometry
    stat.AP|Statistics - Applications
    stat.CO|Statistics - Computation
    stat.ML|Statistics - Machine Learning
    stat.ME|Statistics - Methodology
    stat.OT|Statistics - Other Statistics
    stat.TH|Statistics - Statistics Theory
    eess.AS|Electrical Engineering and Systems Science - Audio and Speech Processing
    eess.IV|Electrical Engineering and Systems Science - Image and Video Processing
    eess.SP|Electrical Engineering and Systems Science - Signal Processing
    eess.SY|Electrical Engineering and Systems Science - Systems and Control
    econ.EM|Economics - Econometrics
    econ.GN|Economics - General Economics
    econ.TH|Economics - Theoretical Economics
    q-bio.BM|Quantitative Biology - Biomolecules
    q-bio.CB|Quantitative Biology - Cell Behavior
    q-bio.GN|Quantitative Biology - Genomics
    q-bio.MN|Quantitative Biology - Molecular Networks
    q-bio.NC|Quantitative Biology - Neurons and Cognition
    q-bio.OT|Quantitative Biology - Other Quantitative Biology
    q-bio.PE|Quantitative Biology - Populations and Evolution
    q-bio.QM|Quantitative Biology - Quantitative Methods
    q-bio.SC|Quantitative Biology - Subcellular Processes
    q-bio.TO|Quantitative Biology - Tissues and Organs
    q-fin.CP|Quantitative Finance - Computational Finance
    q-fin.EC|Quantitative Finance - Economics
    q-fin.GN|Quantitative Finance - General Finance
    q-fin.MF|Quantitative Finance - Mathematical Finance
    q-fin.PM|Quantitative Finance - Portfolio Management
    q-fin.PR|Quantitative Finance - Pricing of Securities
    q-fin.RM|Quantitative Finance - Risk Management
    q-fin.ST|Quantitative Finance - Statistical Finance
    q-fin.TR|Quantitative Finance - Trading and Market Microstructure
    astro-ph.CO|Astrophysics - Cosmology and Nongalactic Astrophysics
    astro-ph.EP|Astrophysics - Earth and Planetary Astrophysics
    astro-ph.GA|Astrophysics - Astrophysics of Galaxies
    astro-ph.HE|Astrophysics - High Energy Astrophysical Phenomena
    astro-ph.IM|Astrophysics - Instrumentation and Methods for Astrophysics
    astro-ph.SR|Astrophysics - Solar and Stellar Astrophysics
    astro-ph|Astrophysics
    cond-mat.dis-nn|Condensed Matter - Disordered Systems and Neural Networks
    cond-mat.mtrl-sci|Condensed Matter - Materials Science
    cond-mat.mes-hall|Condensed Matter - Mesoscale and Nanoscale Physics
    cond-mat.other|Condensed Matter - Other Condensed Matter
    cond-mat.quant-gas|Condensed Matter - Quantum Gases
    cond-mat.soft|Condensed Matter - Soft Condensed Matter
    cond-mat.stat-mech|Condensed Matter - Statistical Mechanics
    cond-mat.str-el|Condensed Matter - Strongly Correlated Electrons
    cond-mat.supr-con|Condensed Matter - Superconductivity
    nlin.AO|Nonlinear Sciences - Adaptation and Self-Organizing Systems
    nlin.CG|Nonlinear Sciences - Cellular Automata and Lattice Gases
    nlin.CD|Nonlinear Sciences - Chaotic Dynamics
    nlin.SI|Nonlinear Sciences - Exactly Solvable and Integrable Systems
    nlin.PS|Nonlinear Sciences - Pattern Formation and Solitons
    physics.acc-ph|Physics - Accelerator Physics
    physics.ao-ph|Physics - Atmospheric and Oceanic Physics
    physics.atom-ph|Physics - Atomic Physics
    physics.atm-clus|Physics - Atomic and Molecular Clusters
    physics.bio-ph|Physics - Biological Physics
    physics.chem-ph|Physics - Chemical Physics
    physics.class-ph|Physics - Classical Physics
    physics.comp-ph|Physics - Computational Physics
    physics.data-an|Physics - Data Analysis, Statistics and Probability
    physics.flu-dyn|Physics - Fluid Dynamics
    physics.gen-ph|Physics - General Physics
    physics.geo-ph|Physics - Geophysics
    physics.hist-ph|Physics - History and Philosophy of Physics
    physics.ins-det|Physics - Instrumentation and Detectors
    physics.med-ph|Physics - Medical Physics
    physics.optics|Physics - Optics
    physics.ed-ph|Physics - Physics Education
    physics.soc-ph|Physics - Physics and Society
    physics.plasm-ph|Physics - Plasma Physics
    physics.pop-ph|Physics - Popular Physics
    physics.space-ph|Physics - Space Physics
    gr-qc|General Relativity and Quantum Cosmology
    hep-ex|High Energy Physics - Experiment
    hep-lat|High Energy Physics - Lattice
    hep-ph|High Energy Physics - Phenomenology
    hep-th|High Energy Physics - Theory
    math-ph|Mathematical Physics
    nucl-ex|Nuclear Experiment
    nucl-th|Nuclear Theory
    quant-ph|Quantum Physics
    """

    private static let codesByName: [String: String] = {
        var map: [String: String] = [:]
        for line in table.split(separator: "\n") {
            let parts = line.split(separator: "|", maxSplits: 1)
            map[normalise(parts[1])] = String(parts[0])
        }
        return map
    }()

    private static func normalise(_ name: some StringProtocol) -> String {
        Text.collapsingWhitespace(name).lowercased()
    }

    /// The category code for a subject name, or nil for a name outside arXiv's taxonomy.
    public static func code(forName name: String) -> String? {
        codesByName[normalise(name)]
    }
}
